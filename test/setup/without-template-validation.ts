/**
 * aws-cdk-lib validates every synthesized template against the CloudFormation schema by default, which is half of
 * each synthesis. Unit tests assert the templates themselves, so they synthesize without it; the checked apps
 * (test/checked) keep it on, so every template the library produces is still validated once per run.
 */
process.env.CDK_VALIDATION = 'false';
