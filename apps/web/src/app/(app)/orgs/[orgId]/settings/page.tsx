import { OrgSettings } from "~/components/org-settings/org-settings";

export const metadata = { title: "Organization settings" };

export default async function OrgSettingsPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  return <OrgSettings organizationId={orgId} />;
}
