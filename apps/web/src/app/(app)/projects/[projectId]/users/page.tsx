import { Suspense } from "react";
import { UsersList } from "~/components/users/users-list";

export const metadata = { title: "Users" };

export default async function UsersPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return (
    <Suspense>
      <UsersList projectId={projectId} />
    </Suspense>
  );
}
