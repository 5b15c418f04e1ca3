// The app opens on the workspace overview.
import { redirect } from "next/navigation";

export default function HomePage(): never {
  redirect("/overview");
}
