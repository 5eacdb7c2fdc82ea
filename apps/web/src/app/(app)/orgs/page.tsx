import { OrgList } from "~/components/orgs/org-list";

export const metadata = { title: "Organizations" };

export default function OrgsPage() {
  return <OrgList />;
}
