import type { JwtSettings } from '../../kernel/auth/tokens';

declare module '../../kernel/graphql/context' {
  interface GqlContext {
    /** What portal links are made with: the signing settings and the hub's public address. */
    portal: PortalSettings;
  }
}

export interface PortalSettings {
  jwt: JwtSettings;
  publicUrl: string;
}
