import { Role } from './permissions';

/** Who is calling: from a verified token, or the hub itself (demo loader, jobs). */
export interface Actor {
  subject: string;
  role: Role;
  /** The partner a supplier or customer token acts for. */
  partnerId?: string;
  /** The device a scanner token belongs to, recorded with its events. */
  deviceId?: string;
}

export const SYSTEM_ACTOR: Actor = { subject: 'system', role: Role.admin };
