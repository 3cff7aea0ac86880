import { PROJECT_ROLES, type TProjectRole } from '@/db/schema';

export { PROJECT_ROLES, type TProjectRole };

/** Instance-wide roles: admins run the instance, managers may also create projects. */
export const GLOBAL_ROLES = ['admin', 'manager', 'user'] as const;
export type TGlobalRole = (typeof GLOBAL_ROLES)[number];

export const GLOBAL_ROLE_LABELS: Record<TGlobalRole, string> = { admin: 'Admin', manager: 'Manager (may create projects)', user: 'User' };

export function parseGlobalRole(value: string | null | undefined): TGlobalRole {
  return (GLOBAL_ROLES as readonly string[]).includes(value ?? '') ? (value as TGlobalRole) : 'user';
}

export const PROJECT_ROLE_LABELS: Record<TProjectRole, string> = {
  annotator: 'Annotator',
  reviewer: 'Reviewer',
  data_scientist: 'Data scientist',
  manager: 'Manager',
};

/**
 * What each project role may do. Admins may do everything in every project. Procedures name one
 * permission; the authorization test checks every procedure against this table.
 */
export const PROJECT_PERMISSIONS = {
  'project.view': ['annotator', 'reviewer', 'data_scientist', 'manager'],
  'project.manage': ['manager'],
  'label.submit': ['annotator', 'reviewer', 'data_scientist', 'manager'],
  'review.decide': ['reviewer', 'manager'],
  'data.import': ['data_scientist', 'manager'],
  'data.export': ['reviewer', 'data_scientist', 'manager'],
  'model.manage': ['data_scientist', 'manager'],
  'quality.view': ['reviewer', 'data_scientist', 'manager'],
  /** Send cases for a decision (other systems, with a data scientist's or manager's API token). */
  'decision.submit': ['data_scientist', 'manager'],
  /** Read decisions and their record; annotators never see decisions. */
  'decision.view': ['reviewer', 'data_scientist', 'manager'],
  /** Answer pending cases and audits. */
  'decision.review': ['reviewer', 'manager'],
  /** Change the decision policy (threshold, rules, deadlines) and pull the stop switch. */
  'decision.policy': ['data_scientist', 'manager'],
  /** Webhook receiver and signing secret, exports, retention. */
  'decision.admin': ['manager'],
} as const satisfies Record<string, readonly TProjectRole[]>;
export type TProjectPermission = keyof typeof PROJECT_PERMISSIONS;

export function hasProjectPermission(role: TProjectRole | 'admin', permission: TProjectPermission): boolean {
  return role === 'admin' || (PROJECT_PERMISSIONS[permission] as readonly TProjectRole[]).includes(role);
}
