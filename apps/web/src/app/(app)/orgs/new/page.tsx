import { CreateOrgForm } from "~/components/orgs/create-org-form";
import { PageHeader } from "~/components/ui/page-header";

export const metadata = { title: "New organization" };

export default function NewOrgPage() {
  return (
    <div className="max-w-xl">
      <PageHeader
        crumbs={[{ label: "Organizations", href: "/orgs" }, { label: "New" }]}
        title="Create an organization"
        description="You'll be its owner. Invite your team and create projects next."
      />
      <CreateOrgForm />
    </div>
  );
}
