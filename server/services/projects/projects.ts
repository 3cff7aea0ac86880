import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { annotations, itemConsensus, items, predictions, projectLabels, projectMembers, projects, type TProjectRole, type TTaskType } from '@/db/schema';
import { canCreateProjects, isAdmin, type TActor } from '@/server/auth/actor';
import { AppError, getPgErrorCode, PG_UNIQUE_VIOLATION } from '@/server/errors';
import { ZCreateProjectInput, type TCreateProjectInput } from './project-input';
import { findSettingsConflict, parseProjectSettings, ZProjectSettings, type TProjectSettings } from './project-settings';
import type { TLabel } from './label-set';
import { countItemProgress, EMPTY_ITEM_PROGRESS, type TItemProgress } from './item-progress';
import { recordAuditEvent } from '@/server/services/audit/audit-events';
import { applyGoldCheckShare } from '@/server/services/queue/gold-checks';
import { settleCompletedItems } from '@/server/services/queue/settle-completed-items';

export type TProjectLabel = { id: number; name: string; hotkey: string; color: string; position: number };
export type TProjectDetail = {
  id: number;
  slug: string;
  name: string;
  instructions: string;
  taskType: TTaskType;
  settings: TProjectSettings;
  labels: TProjectLabel[];
  createdAt: Date;
};

/**
 * Creates a project; its creator becomes its manager. `actor` is null for the CLI working on the
 * database directly (whoever can open the database owns the instance); `ownerUserId` then names the
 * manager, if any.
 */
export async function createProject(db: Database, actor: TActor | null, rawInput: TCreateProjectInput, { ownerUserId }: { ownerUserId?: string } = {}): Promise<TProjectDetail> {
  if (actor && !canCreateProjects(actor)) throw new AppError('FORBIDDEN', 'Only admins and managers can create projects');
  const managerId = actor?.userId ?? ownerUserId ?? null;
  const input = ZCreateProjectInput.parse(rawInput);
  // The raw settings: parsing fills every default, and a model kind the caller left out must take the task type's.
  const settings = parseProjectSettings(rawInput.settings ?? {}, input.taskType, { keepChosen: true });
  const conflict = findSettingsConflict(input.taskType, settings);
  if (conflict) throw new AppError('BAD_REQUEST', conflict);
  try {
    const projectId = await db.transaction(async (tx) => {
      const [project] = await tx
        .insert(projects)
        .values({
          slug: input.slug,
          name: input.name,
          instructions: input.instructions,
          taskType: input.taskType,
          settings,
          createdBy: managerId,
        })
        .returning({ id: projects.id });
      if (!project) throw new Error('project insert returned nothing');
      await tx.insert(projectLabels).values(
        input.labels.map((label, position) => ({ projectId: project.id, name: label.name, hotkey: label.hotkey, color: label.color, position })),
      );
      if (managerId) await tx.insert(projectMembers).values({ projectId: project.id, userId: managerId, role: 'manager' });
      await recordAuditEvent(tx, {
        actor,
        projectId: project.id,
        action: 'project.create',
        subjectType: 'project',
        subjectId: project.id,
        after: { slug: input.slug, name: input.name, labels: input.labels.map((l) => l.name) },
      });
      return project.id;
    });
    return getProject(db, projectId);
  } catch (error) {
    if (getPgErrorCode(error) === PG_UNIQUE_VIOLATION) throw new AppError('CONFLICT', `A project at /projects/${input.slug} already exists`);
    throw error;
  }
}

export async function getProject(db: Database, projectId: number): Promise<TProjectDetail> {
  const [project] = await db.select().from(projects).where(eq(projects.id, projectId));
  if (!project) throw new AppError('NOT_FOUND', 'Project not found');
  return {
    id: project.id,
    slug: project.slug,
    name: project.name,
    instructions: project.instructions,
    taskType: project.taskType,
    settings: parseProjectSettings(project.settings, project.taskType),
    labels: await listProjectLabels(db, projectId),
    createdAt: project.createdAt,
  };
}

export async function findProjectIdBySlug(db: Database, slug: string): Promise<number | null> {
  const [row] = await db.select({ id: projects.id }).from(projects).where(eq(projects.slug, slug));
  return row?.id ?? null;
}

export async function listProjectLabels(db: Database, projectId: number): Promise<TProjectLabel[]> {
  return db
    .select({ id: projectLabels.id, name: projectLabels.name, hotkey: projectLabels.hotkey, color: projectLabels.color, position: projectLabels.position })
    .from(projectLabels)
    .where(and(eq(projectLabels.projectId, projectId), isNull(projectLabels.archivedAt)))
    .orderBy(asc(projectLabels.position));
}

export type TProjectSummary = {
  id: number;
  slug: string;
  name: string;
  taskType: TTaskType;
  role: TProjectRole | 'admin';
  labelCount: number;
  itemCount: number;
  labeledItemCount: number;
  annotationCount: number;
  progress: TItemProgress;
};

/**
 * The projects the actor may see: admins see all, members their own, a token only its project; null
 * (the CLI on the database itself) sees all.
 */
export async function listProjectsForActor(db: Database, actor: TActor | null): Promise<TProjectSummary[]> {
  const membership = db
    .select({ projectId: projectMembers.projectId, role: projectMembers.role })
    .from(projectMembers)
    .where(eq(projectMembers.userId, actor?.userId ?? ''))
    .as('membership');
  const rows = await db
    .select({
      id: projects.id,
      slug: projects.slug,
      name: projects.name,
      taskType: projects.taskType,
      role: membership.role,
      labelCount: sql<number>`(select count(*) from ${projectLabels} where ${projectLabels.projectId} = ${projects.id} and ${projectLabels.archivedAt} is null)`.mapWith(Number),
      annotationCount: sql<number>`(select count(*) from ${annotations} where ${annotations.projectId} = ${projects.id})`.mapWith(Number),
    })
    .from(projects)
    .leftJoin(membership, eq(membership.projectId, projects.id))
    .where(
      actor?.via === 'token'
        ? and(eq(projects.id, actor.tokenProjectId), sql`${membership.role} is not null`)
        : !actor || isAdmin(actor)
          ? undefined
          : sql`${membership.role} is not null`,
    )
    .orderBy(asc(projects.name));
  // Item counts for every listed project in one grouped statement, not one count per project.
  const counts = await countItemProgress(db, rows.map((row) => row.id));
  return rows.map((row) => {
    const count = counts.get(row.id);
    return {
      ...row,
      role: row.role ?? 'admin',
      itemCount: count?.itemCount ?? 0,
      labeledItemCount: count?.annotatedItemCount ?? 0,
      progress: count?.progress ?? { ...EMPTY_ITEM_PROGRESS },
    };
  });
}

export async function updateProject(
  db: Database,
  actor: TActor,
  projectId: number,
  patch: { name?: string; instructions?: string; settings?: Partial<TProjectSettings> },
): Promise<TProjectDetail> {
  const { before, after } = await db.transaction(async (tx) => {
    const [current] = await tx.select().from(projects).where(eq(projects.id, projectId)).for('update');
    if (!current) throw new AppError('NOT_FOUND', 'Project not found');
    const previous = parseProjectSettings(current.settings, current.taskType);
    const settings = ZProjectSettings.parse({ ...previous, ...patch.settings });
    const conflict = findSettingsConflict(current.taskType, settings);
    if (conflict) throw new AppError('BAD_REQUEST', conflict);
    const next = { name: patch.name ?? current.name, instructions: patch.instructions ?? current.instructions, settings };
    await tx.update(projects).set({ ...next, updatedAt: new Date() }).where(eq(projects.id, projectId));
    await recordAuditEvent(tx, {
      actor,
      projectId,
      action: 'project.update',
      subjectType: 'project',
      subjectId: projectId,
      before: { name: current.name, instructions: current.instructions, settings: current.settings },
      after: next,
    });
    if (settings.goldCheckShare !== previous.goldCheckShare) await applyGoldCheckShare(tx, projectId, settings.goldCheckShare);
    return { before: previous, after: settings };
  });
  // Items that already have every label the lowered overlap asks for are decided now, not left open.
  if (after.overlap < before.overlap || after.overlapShare < before.overlapShare) await settleCompletedItems(db, actor, projectId);
  return getProject(db, projectId);
}

/**
 * Replaces the label set. Labels keep their ids when edited (so annotations keep their meaning);
 * removed labels that were ever used are archived instead of deleted.
 */
export async function setProjectLabels(db: Database, actor: TActor, projectId: number, labels: TLabel[]): Promise<TProjectLabel[]> {
  await db.transaction(async (tx) => {
    const current = await listProjectLabels(tx, projectId);
    const currentIds = new Set(current.map((label) => label.id));
    for (const label of labels) {
      if (label.id !== undefined && !currentIds.has(label.id)) throw new AppError('BAD_REQUEST', `Label ${label.id} is not part of this project`);
    }
    const keptIds = new Set(labels.flatMap((label) => (label.id === undefined ? [] : [label.id])));
    const removed = current.filter((label) => !keptIds.has(label.id)).map((label) => label.id);
    if (removed.length > 0) {
      const used = await findUsedLabelIds(tx, removed);
      const unused = removed.filter((id) => !used.has(id));
      if (used.size > 0) await tx.update(projectLabels).set({ archivedAt: new Date() }).where(inArray(projectLabels.id, [...used]));
      if (unused.length > 0) await tx.delete(projectLabels).where(inArray(projectLabels.id, unused));
    }
    // Swapping two hotkeys or names would trip the unique indexes half-way; park kept labels first.
    if (keptIds.size > 0) {
      await tx
        .update(projectLabels)
        .set({ name: sql`'~' || ${projectLabels.id}`, hotkey: sql`'~' || ${projectLabels.id}` })
        .where(inArray(projectLabels.id, [...keptIds]));
    }
    for (const [position, label] of labels.entries()) {
      const values = { name: label.name, hotkey: label.hotkey, color: label.color, position };
      if (label.id === undefined) await tx.insert(projectLabels).values({ projectId, ...values });
      else await tx.update(projectLabels).set(values).where(eq(projectLabels.id, label.id));
    }
    await recordAuditEvent(tx, {
      actor,
      projectId,
      action: 'project.labels.update',
      subjectType: 'project',
      subjectId: projectId,
      before: current.map(({ id, name, hotkey, color }) => ({ id, name, hotkey, color })),
      after: labels,
    });
  }).catch((error: unknown) => {
    if (getPgErrorCode(error) === PG_UNIQUE_VIOLATION) throw new AppError('CONFLICT', 'Label names and hotkeys must be unique');
    throw error;
  });
  return listProjectLabels(db, projectId);
}

/**
 * Labels anything points at; deleting one of these would fail on (or orphan) what points at it. Label
 * sets and spans name their labels inside a value (TStructuredValue), where no foreign key looks.
 */
async function findUsedLabelIds(db: Database, labelIds: number[]): Promise<Set<number>> {
  const rows = await db.execute<{ id: number }>(sql`
    with named as (
      select l.id, l.project_id, jsonb_build_object('labelIds', jsonb_build_array(l.id)) as in_set,
        jsonb_build_object('spans', jsonb_build_array(jsonb_build_object('labelId', l.id))) as in_spans
      from ${projectLabels} l where l.id in ${labelIds}
    )
    select n.id from named n
    where exists (select 1 from ${annotations} a where a.label_id = n.id)
      or exists (select 1 from ${items} i where i.gold_label_id = n.id or i.final_label_id = n.id)
      or exists (select 1 from ${itemConsensus} c where c.label_id = n.id)
      or exists (select 1 from ${predictions} p where p.label_id = n.id)
      or exists (select 1 from ${annotations} a where a.project_id = n.project_id and (a.value @> n.in_set or a.value @> n.in_spans))
      or exists (
        select 1 from ${items} i where i.project_id = n.project_id
          and (i.gold_value @> n.in_set or i.gold_value @> n.in_spans or i.final_value @> n.in_set or i.final_value @> n.in_spans))
      or exists (select 1 from ${predictions} p where p.project_id = n.project_id and (p.value @> n.in_set or p.value @> n.in_spans))`);
  return new Set(rows.rows.map((row) => Number(row.id)));
}
