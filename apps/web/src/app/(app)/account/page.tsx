import { AccountPage } from "~/components/account/account-page";

export const metadata = { title: "Account" };

export default function Account() {
  return <AccountPage />;
}
