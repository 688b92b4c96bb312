import { permissionNames, type PermissionGrants } from '../../kernel/auth/permissions';

/** The portal access module's permission rows: each permission and the roles granted it (admin holds all). */
export const portalAccessGrants = {
  /** Minting portal access links for partners. */
  PortalAdmin: [],
} satisfies PermissionGrants;

export const PortalAccessPermission = permissionNames(portalAccessGrants);
