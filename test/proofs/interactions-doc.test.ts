import * as fs from 'fs';
import * as path from 'path';
import { REGENERATE_COMMAND, renderInteractionsDoc } from './interactions-doc';
import { NetworkModel } from './network';
import { networkPaths } from './network-paths';
import { PROOF_APPS, SYNTHESIS_TIMEOUT_MS, indexOf, synthesizeTemplates } from './proof-apps';
import { proveCatalogue, stackRoles } from './prove-interactions';

const DOC = path.join(__dirname, '..', '..', 'docs', 'interactions.md');

describe('docs/interactions.md', () => {
  test('lists every interaction and denial of the catalogue as the proofs decide them on the two-tenant app', async () => {
    const app = PROOF_APPS.find(({ name }) => name === 'the two-tenant app')!;
    const index = indexOf(synthesizeTemplates(app));
    const { base, tenants } = stackRoles(index);
    const result = await proveCatalogue(index);
    const paths = networkPaths(new NetworkModel(index.model), tenants);
    const rendered = renderInteractionsDoc(app.name, result, { base, tenants }, paths);

    if (process.env.UPDATE_INTERACTIONS_DOC) {
      fs.writeFileSync(DOC, rendered);
    }
    const committed = fs.existsSync(DOC) ? fs.readFileSync(DOC, 'utf8') : '';
    if (committed !== rendered) {
      throw new Error(`docs/interactions.md is out of date with the catalogue or the templates; regenerate it with:\n  ${REGENERATE_COMMAND}`);
    }
  }, SYNTHESIS_TIMEOUT_MS);
});
