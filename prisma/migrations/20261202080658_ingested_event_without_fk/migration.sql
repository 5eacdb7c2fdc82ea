-- DropForeignKey
ALTER TABLE "IngestedEvent" DROP CONSTRAINT "IngestedEvent_projectId_fkey";

-- Deleting a project (directly or with its organization) still deletes its ingested event ids.
CREATE FUNCTION "yardstick_delete_project_ingested_events"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "IngestedEvent" WHERE "projectId" = OLD."id";
  RETURN OLD;
END;
$$;

CREATE TRIGGER "Project_delete_ingested_events" AFTER DELETE ON "Project"
  FOR EACH ROW EXECUTE FUNCTION "yardstick_delete_project_ingested_events"();
