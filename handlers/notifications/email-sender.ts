import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { Logger } from '../../shared/logging/logger';

/** A plain-text e-mail to one recipient. */
export interface Email {
  to: string;
  subject: string;
  text: string;
}

/** Where the notifications function delivers e-mails: SES in AWS, the log locally. */
export interface EmailSender {
  readonly name: string;
  send(email: Email): Promise<void>;
}

/** Sends through Amazon SES v2 from a verified sender address; a refusal rejects. */
export function createSesEmailSender(client: SESv2Client, fromEmail: string): EmailSender {
  return {
    name: 'ses',
    async send(email) {
      await client.send(
        new SendEmailCommand({
          FromEmailAddress: fromEmail,
          Destination: { ToAddresses: [email.to] },
          Content: {
            Simple: {
              Subject: { Data: email.subject, Charset: 'UTF-8' },
              Body: { Text: { Data: email.text, Charset: 'UTF-8' } },
            },
          },
        }),
      );
    },
  };
}

/** Writes each e-mail to the log instead (no SES sender configured: local runs). */
export function createLogEmailSender(logger: Logger): EmailSender {
  return {
    name: 'log',
    send(email) {
      logger.info({ email }, 'e-mail not sent (no NOTIFICATIONS_FROM_EMAIL): written to the log');
      return Promise.resolve();
    },
  };
}
