'use strict';
/**
 * The stage names both stacks accept: lower-case letters, digits and hyphens, at most 16
 * characters. The functions' role names (<service>-<stage>-<region>-<function>) then stay within
 * IAM's 64 characters in every region (tests/deploy checks the longest).
 */
const STAGE_NAME = /^[a-z][a-z0-9-]{0,15}$/;

/**
 * A local serverless plugin (serverless.yml and serverless.data.yml, plugins) that refuses a stage
 * name outside STAGE_NAME on every command, and stops a prod deploy of the code stack before it
 * changes anything when `originImageTag` is missing: without a tag the origin group is sized 0–0, so
 * leaving the param out of a later deploy would take the whole origin down. The very first deploy
 * (no image can exist before the stack creates the repository) says so explicitly with
 * `--param=originBootstrap=true`. `serverless package` is never stopped (CI packages offline).
 */
class DeployGuard {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = {
      'before:package:initialize': () => this.check(),
      'before:deploy:deploy': () => this.check(),
    };
  }

  check() {
    const guard = this.serverless.service.custom.deployGuard || {};
    if (!STAGE_NAME.test(String(guard.stage))) {
      throw new Error(
        `The stage name "${guard.stage}" is not lower-case letters, digits and hyphens of at ` +
          'most 16 characters (IAM role names are built from it).',
      );
    }
    const command =
      (this.serverless.processedInput && this.serverless.processedInput.commands) || [];
    if (command[0] !== 'deploy') return;
    // The stateful stack has no origin (its custom.deployGuard names no image).
    if (!('originImageTag' in guard)) return;
    if (guard.stage !== 'prod' || guard.originImageTag || guard.originBootstrap === 'true') return;
    throw new Error(
      'A prod deploy needs --param="originImageTag=<tag>": without it the origin Auto Scaling ' +
        'Group is set to 0 instances. Deploy the tag that runs now (aws ssm get-parameter --name ' +
        '/bookstore/prod/origin/image-tag) or a new one. Only the first deploy, before any image ' +
        'exists, passes --param="originBootstrap=true" instead (docs/deploy.md).',
    );
  }
}

module.exports = DeployGuard;
module.exports.STAGE_NAME = STAGE_NAME;
