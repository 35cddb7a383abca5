export * from './mate-github-deploy-role';
export * from './mate-github-deploy-role-props';
