import express from 'express';
import helmet from 'helmet';
import * as jose from 'jose';
import * as mysql2 from 'mysql2';
import pino from 'pino';
import { Sequelize } from 'sequelize';
import serverless from 'serverless-http';
import { z } from 'zod';

/**
 * The floor of a BookStore function's cold start (bench/cold-start.ts): a Lambda handler that only
 * loads the packages the functions must use (express, helmet, serverless-http, Sequelize with
 * mysql2, zod, jose, pino) and builds one of each object they build at module scope, then answers
 * every event from an express route without touching a database. None of the project's own code
 * is in it. Bundled and code-cached exactly as serverless.yml bundles the functions.
 */

const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });
// Constructing Sequelize loads its MySQL dialect (as the functions' data layer does); nothing connects.
const sequelize = new Sequelize({
  dialect: 'mysql',
  dialectModule: mysql2,
  logging: false,
  pool: { max: 2, min: 0 },
});
const query = z.object({ limit: z.coerce.number().int().min(1).max(100).optional() });

const app = express();
app.disable('x-powered-by');
app.use(helmet());
app.use(express.json());
app.get('/{*path}', (req, res) => {
  res.json({
    query: query.parse(req.query),
    dialect: sequelize.getDialect(),
    verifies: typeof jose.jwtVerify === 'function',
    logs: logger.isLevelEnabled('info'),
  });
});

export const handler = serverless(app);
