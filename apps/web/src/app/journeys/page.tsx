export default function JourneysPage() {
  return <div className="page"><h1>Journeys</h1></div>;
}
