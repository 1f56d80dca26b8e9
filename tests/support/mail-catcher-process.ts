// A child process for the tests (`node --import tsx`): MailDev is an ES module only, which Jest's
// CommonJS runtime cannot load. Starts the mail catcher `npm start` uses on free ports and prints
// its addresses as one JSON line; it runs until it is killed.
import { startMailCatcher } from '../../edge/mail-catcher';

void startMailCatcher('127.0.0.1', 0).then(({ smtpUrl, webPort }) => {
  process.stdout.write(`${JSON.stringify({ smtpUrl, webPort })}\n`);
});
