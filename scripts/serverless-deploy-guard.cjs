'use strict';
/**
 * A local serverless plugin (serverless.yml, plugins) that stops a prod deploy before it changes
 * anything when `originImageTag` is missing: without a tag the origin group is sized 0–0, so
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
    const command =
      (this.serverless.processedInput && this.serverless.processedInput.commands) || [];
    if (command[0] !== 'deploy') return;
    const guard = this.serverless.service.custom.deployGuard || {};
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
