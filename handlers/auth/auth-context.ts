import type { Config } from '../../shared/config';
import type { LoginThrottleRepository } from '../../shared/db/repositories/login-throttle-repository';
import type { RefreshTokenRepository } from '../../shared/db/repositories/refresh-token-repository';
import type { UserRepository } from '../../shared/db/repositories/user-repository';
import type { AccessTokens } from './access-tokens';

/** What the auth use cases work with; built once per container by createAuthApp. */
export interface AuthContext {
  config: Pick<Config, 'jwt' | 'loginThrottle' | 'registrationThrottle'>;
  users: UserRepository;
  refreshTokens: RefreshTokenRepository;
  throttles: LoginThrottleRepository;
  tokens: AccessTokens;
  now(): Date;
}
