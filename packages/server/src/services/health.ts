import { pingDatabase as ping } from "@yardstick/db";

/** `GET /api/health`: true when the database answers. */
export async function pingDatabase(): Promise<boolean> {
  return ping();
}
