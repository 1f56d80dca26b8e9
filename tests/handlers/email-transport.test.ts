import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { createConfiguredEmailSender } from '../../handlers/notifications/email-sender';
import { ConfigError, loadConfig } from '../../shared/config';
import { createLogger } from '../../shared/logging/logger';

const silent = createLogger('silent');
const email = { to: 'bea@example.test', subject: 'Your order #7 is confirmed', text: 'Hello' };

describe('the notifications function picks its e-mail transport from the configuration', () => {
  const ses = mockClient(SESv2Client);

  beforeEach(() => {
    ses.reset();
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-message' });
  });

  afterAll(() => ses.restore());

  test('when only NOTIFICATIONS_FROM_EMAIL is set (AWS), then it sends through SES from that address', async () => {
    const config = loadConfig({ NOTIFICATIONS_FROM_EMAIL: 'orders@shop.example.test' });

    const sender = createConfiguredEmailSender(config, silent);
    await sender.send(email);

    expect(sender.name).toBe('ses');
    const [call] = ses.commandCalls(SendEmailCommand);
    expect(call?.args[0].input.FromEmailAddress).toBe('orders@shop.example.test');
    expect(call?.args[0].input.Destination?.ToAddresses).toEqual([email.to]);
  });

  test('when SMTP_URL is set (npm start, compose), then it sends through SMTP and never through SES', () => {
    const config = loadConfig({
      SMTP_URL: 'smtp://127.0.0.1:1025',
      NOTIFICATIONS_FROM_EMAIL: 'orders@shop.example.test',
    });

    const sender = createConfiguredEmailSender(config, silent);

    expect(sender.name).toBe('smtp');
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  test('when neither is set, then it writes the e-mails to the log', () => {
    expect(createConfiguredEmailSender(loadConfig({}), silent).name).toBe('log');
  });

  test('when SMTP_URL is not an smtp URL, then the configuration names it', () => {
    expect(() => loadConfig({ SMTP_URL: 'http://mail:1080' })).toThrow(ConfigError);
    expect(() => loadConfig({ SMTP_URL: 'http://mail:1080' })).toThrow(/SMTP_URL/);
  });
});
