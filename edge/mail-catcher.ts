import { describeListenError } from '../shared/http/exit-on-listen-error';
import { StartupError } from '../shared/errors/startup-error';

/** A running MailDev: where the order e-mails are sent, and where people and tests read them. */
export interface MailCatcher {
  /** The SMTP server the notifications function sends through (SMTP_URL). */
  smtpUrl: string;
  /** The port of the web page and of its REST API (/api/email). */
  webPort: number;
}

/**
 * Starts MailDev in this process, which it ends with, keeping the e-mails in memory: SMTP on any free
 * port of `host` (the processes that send are told its URL), the web page and REST API on
 * `uiPort` (0: any free port). A taken port stops the start with one line naming MAIL_UI_PORT.
 */
export async function startMailCatcher(host: string, uiPort: number): Promise<MailCatcher> {
  // MailDev ships only as an ES module. tsx, which runs npm start, keeps this import() as it is;
  // tsc's CommonJS output would make it a require() that MailDev's exports refuse.
  const { MailDev } = await import('maildev');
  const maildev = new MailDev({ smtp: 0, ip: host, web: uiPort, webIp: host, silent: true });
  let servers;
  try {
    servers = await maildev.start();
  } catch (error) {
    await maildev.stop().catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    if (code)
      throw new StartupError(
        describeListenError(error as NodeJS.ErrnoException, uiPort, 'MAIL_UI_PORT'),
      );
    throw error;
  }
  const smtp = servers.smtp.getAddress();
  const webPort = servers.api?.getPort();
  if (!smtp || !webPort) throw new Error('MailDev started without its SMTP server or web API');
  // Senders run on this machine: an SMTP server listening on every interface is reached on loopback.
  const smtpHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    smtpUrl: `smtp://${smtpHost.includes(':') ? `[${smtpHost}]` : smtpHost}:${smtp.port}`,
    webPort,
  };
}
