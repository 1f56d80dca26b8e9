import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { createTransport } from 'nodemailer';
import type { Config } from '../../shared/config';
import type { Logger } from '../../shared/logging/logger';

/** The sender SMTP e-mails carry when no NOTIFICATIONS_FROM_EMAIL is configured (local runs). */
const LOCAL_FROM_EMAIL = 'BookStore <orders@bookstore.local>';

/** A plain-text e-mail to one recipient. */
export interface Email {
  to: string;
  subject: string;
  text: string;
}

/** Where the notifications function delivers e-mails: SES in AWS, SMTP locally, or the log. */
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

/**
 * Sends through an SMTP server (locally the mail catcher, MailDev); a refusal rejects. One pooled
 * connection, reused across e-mails, as the SES client is.
 */
export function createSmtpEmailSender(smtpUrl: string, fromEmail: string): EmailSender {
  const transport = createTransport({ url: smtpUrl, pool: true, maxConnections: 1 });
  return {
    name: 'smtp',
    async send(email) {
      await transport.sendMail({
        from: fromEmail,
        to: email.to,
        subject: email.subject,
        text: email.text,
      });
    },
  };
}

/** Writes each e-mail to the log instead (neither SMTP nor SES configured: tests). */
export function createLogEmailSender(logger: Logger): EmailSender {
  return {
    name: 'log',
    send(email) {
      logger.info(
        { email },
        'e-mail not sent (no SMTP_URL or NOTIFICATIONS_FROM_EMAIL): written to the log',
      );
      return Promise.resolve();
    },
  };
}

/** The sender the configuration chooses: SMTP when SMTP_URL is set, else SES, else the log. */
export function createConfiguredEmailSender(config: Config, logger: Logger): EmailSender {
  const { smtpUrl, fromEmail } = config.notifications;
  if (smtpUrl) return createSmtpEmailSender(smtpUrl, fromEmail ?? LOCAL_FROM_EMAIL);
  if (fromEmail)
    return createSesEmailSender(new SESv2Client({ region: config.aws.region }), fromEmail);
  return createLogEmailSender(logger);
}
