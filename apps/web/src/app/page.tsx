// The app opens on the journeys list.
import { redirect } from "next/navigation";

export default function HomePage(): never {
  redirect("/journeys");
}
