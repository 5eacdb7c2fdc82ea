import { OrgProjects } from "~/components/orgs/org-projects";

export const metadata = { title: "Projects" };

export default async function OrgPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  return <OrgProjects organizationId={orgId} />;
}
