import { Command, Option } from 'commander';
import { CREATABLE_TASK_TYPES } from '@/server/services/projects/project-input';
import { buildDefaultLabels } from '@/server/services/projects/label-set';
import { createProject, listProjectsForActor } from '@/server/services/projects/projects';
import { describeRemoteOptions, fetchRemote, findFirstAdminId, findUserIdByEmail, resolveRemote, withLocalDatabase, type TRemoteOptions } from '../target';

type TProjectRow = { slug: string; name: string; itemCount: number; labeledItemCount: number; annotationCount: number };

function printProjects(rows: TProjectRow[], asJson: boolean) {
  if (asJson) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  if (rows.length === 0) {
    process.stdout.write('no projects\n');
    return;
  }
  const width = Math.max(4, ...rows.map((row) => row.slug.length));
  process.stdout.write(`${'slug'.padEnd(width)}  ${'items'.padStart(9)}  ${'labeled'.padStart(9)}  name\n`);
  for (const row of rows) {
    process.stdout.write(`${row.slug.padEnd(width)}  ${String(row.itemCount).padStart(9)}  ${String(row.labeledItemCount).padStart(9)}  ${row.name}\n`);
  }
}

export function projectCommand(): Command {
  const remote = describeRemoteOptions();
  const command = new Command('project').description('Create and list projects');

  command
    .command('create')
    .description('Create a project (on the database directly): one label per text by default; label sets, spans or images with --task-type')
    .argument('<slug>', 'address of the project, e.g. support-tickets')
    .requiredOption('--labels <labels>', 'comma-separated label names, e.g. spam,ham')
    .option('--name <name>', 'display name (default: the slug)')
    .option('--instructions <text>', 'instructions for annotators', '')
    .option('--owner <email>', 'account that becomes the project manager (default: the first admin)')
    .addOption(new Option('--task-type <type>', 'what is labeled: one label per text, a set of labels per text, labeled spans of a text, or one label per image').choices(CREATABLE_TASK_TYPES).default('text_classification'))
    .option(...remote.url)
    .option(...remote.token)
    .action(async (slug: string, options: { labels: string; name?: string; instructions: string; owner?: string; taskType: (typeof CREATABLE_TASK_TYPES)[number] } & TRemoteOptions) => {
      if (resolveRemote(options)) throw new Error('API tokens belong to one project and cannot create projects; run this next to the database, or create it in the app');
      const names = options.labels.split(',').map((name) => name.trim()).filter(Boolean);
      await withLocalDatabase(async (db) => {
        const ownerUserId = options.owner ? await findUserIdByEmail(db, options.owner) : ((await findFirstAdminId(db)) ?? undefined);
        const project = await createProject(db, null, { slug, name: options.name ?? slug, instructions: options.instructions, taskType: options.taskType, labels: buildDefaultLabels(names) }, { ownerUserId }).catch(
          (error: unknown) => {
            const issues = (error as { issues?: { message: string }[] }).issues;
            throw new Error(issues?.[0]?.message ?? (error instanceof Error ? error.message : String(error)));
          },
        );
        process.stdout.write(`created project ${project.slug} with labels ${project.labels.map((label) => `${label.name} [${label.hotkey}]`).join(', ')}\n`);
      });
    });

  command
    .command('list')
    .description('List projects with their item counts')
    .option('--json', 'print JSON')
    .option(...remote.url)
    .option(...remote.token)
    .action(async (options: { json?: boolean } & TRemoteOptions) => {
      const target = resolveRemote(options);
      if (target) {
        const response = await fetchRemote(target, '/api/v1/projects');
        printProjects((await response.json()) as TProjectRow[], options.json ?? false);
        return;
      }
      await withLocalDatabase(async (db) => printProjects(await listProjectsForActor(db, null), options.json ?? false));
    });

  return command;
}
