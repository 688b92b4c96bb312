import { parseArgs } from 'node:util';
import { dirname } from 'node:path';
import { ConfigError, loadConfig, type HubConfig } from '../config';
import { signToken } from '../../kernel/auth/tokens';
import { PARTNER_ROLES, Role } from '../../kernel/auth/permissions';
import { portalLink } from '../../modules/portal-access/portal-link';

/**
 * `npm run token -- --role planner [--partner ID] [--subject NAME] [--device ID] [--expires 12h]`
 * Mints a token signed with the hub's key (JWT_SECRET, or the local key in DATA_DIR) and prints it alone
 * on the last line, so scripts can take `| tail -1`. Which key it signed with goes to stderr: a token
 * signed with another key than the hub's is refused ("invalid signature"), so say which one it was.
 */
function main() {
  const { values } = parseArgs({
    options: {
      role: { type: 'string', default: 'planner' },
      partner: { type: 'string' },
      subject: { type: 'string' },
      device: { type: 'string' },
      expires: { type: 'string', default: '12h' },
      link: { type: 'boolean', default: false },
    },
  });
  const role = values.role as Role;
  if (!Object.values(Role).includes(role)) {
    throw new Error(`--role must be one of ${Object.values(Role).join(', ')}`);
  }
  if (PARTNER_ROLES.has(role) && !values.partner) throw new Error(`a ${role} token needs --partner <partner id>`);
  const config = loadConfig();
  const token = signToken(
    config.jwt,
    { subject: values.subject ?? `local-${role}`, role, partnerId: values.partner, deviceId: values.device },
    values.expires as '12h',
  );
  console.error(keyNote(config.jwt));
  if (values.link) {
    const base = config.publicUrl ?? `http://localhost:${config.port}`;
    console.log(`# portal link for ${role} ${values.partner}, valid ${values.expires}; send it to the partner`);
    console.log(portalLink(base, token));
    return;
  }
  console.log(`# ${role} token for ${values.subject ?? `local-${role}`}, valid ${values.expires}; send as "Authorization: Bearer <token>"`);
  console.log(token);
}

function keyNote(jwt: HubConfig['jwt']): string {
  if (!jwt.secretFile) return 'signed with JWT_SECRET';
  const dataDir = dirname(jwt.secretFile);
  if (!jwt.secretFileMade)
    return `signed with the key in ${jwt.secretFile} (the hub's key when it runs with DATA_DIR=${dataDir} and no JWT_SECRET)`;
  return (
    `signed with a new key, just made in ${jwt.secretFile}: no hub has run with DATA_DIR=${dataDir} yet; ` +
    'a hub started with another DATA_DIR or JWT_SECRET refuses this token'
  );
}

try {
  main();
} catch (e) {
  console.error(e instanceof ConfigError || e instanceof Error ? e.message : e);
  process.exit(1);
}
