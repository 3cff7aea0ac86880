ALTER TABLE "items" DROP CONSTRAINT "items_project_id_projects_id_fk";
--> statement-breakpoint
ALTER TABLE "items" DROP CONSTRAINT "items_gold_label_id_project_labels_id_fk";
--> statement-breakpoint
ALTER TABLE "items" DROP CONSTRAINT "items_final_label_id_project_labels_id_fk";
