import { QueryTypes, type Sequelize } from 'sequelize';

/**
 * Everything the application's own database user may do: read and write rows of the app schema.
 * No DDL (the privileged migration step changes the schema), no GRANT, nothing outside the schema.
 */
export const APPLICATION_PRIVILEGES = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] as const;

/** The user the functions and the origin connect as, and its password (from its own secret). */
export interface ApplicationUser {
  username: string;
  password: string;
}

// Names are spliced into statements (MySQL takes no placeholders for account or schema names).
const SAFE_NAME = /^[A-Za-z0-9_]{1,32}$/;

function safeName(kind: string, name: string): string {
  if (!SAFE_NAME.test(name)) throw new Error(`The ${kind} "${name}" is not a plain MySQL name`);
  return name;
}

/** Whether one line of SHOW GRANTS gives exactly what the application user may hold, or less. */
function isAllowedGrant(line: string, database: string): boolean {
  const grant = /^GRANT (.+?) ON (\S+) TO \S+(?: IDENTIFIED BY PASSWORD '[^']*')?$/.exec(line);
  if (!grant) return false;
  const [, privileges = '', target = ''] = grant;
  if (privileges === 'USAGE' && target === '*.*') return true;
  if (target !== `\`${database}\`.*`) return false;
  const allowed: readonly string[] = APPLICATION_PRIVILEGES;
  return privileges.split(', ').every((privilege) => allowed.includes(privilege));
}

/**
 * Creates the application user, or brings an existing one to the given password and to exactly
 * DML on the connection's schema (privileges granted by hand beyond that are revoked). Runs with
 * the master user in the privileged migration step. On MySQL the previous password stays valid
 * as a secondary one (RETAIN CURRENT PASSWORD): containers still holding the secret's old value
 * keep connecting until the next run of the step. MariaDB has no dual passwords.
 */
export async function ensureApplicationUser(
  sequelize: Sequelize,
  user: ApplicationUser,
): Promise<void> {
  const database = safeName('database', sequelize.getDatabaseName());
  const account = `'${safeName('user name', user.username)}'@'%'`;
  const password = sequelize.escape(user.password);
  const [server] = await sequelize.query<{ version: string }>('SELECT VERSION() AS version', {
    type: QueryTypes.SELECT,
  });
  const mariadb = /mariadb/i.test(server?.version ?? '');

  await sequelize.query(`CREATE USER IF NOT EXISTS ${account} IDENTIFIED BY ${password}`);
  await sequelize.query(
    `ALTER USER ${account} IDENTIFIED BY ${password}${mariadb ? '' : ' RETAIN CURRENT PASSWORD'}`,
  );
  const grants = await sequelize.query<Record<string, string>>(`SHOW GRANTS FOR ${account}`, {
    type: QueryTypes.SELECT,
  });
  const lines = grants.map((row) => Object.values(row)[0] ?? '');
  if (!lines.every((line) => isAllowedGrant(line, database))) {
    await sequelize.query(`REVOKE ALL PRIVILEGES, GRANT OPTION FROM ${account}`);
  }
  await sequelize.query(
    `GRANT ${APPLICATION_PRIVILEGES.join(', ')} ON \`${database}\`.* TO ${account}`,
  );
}
