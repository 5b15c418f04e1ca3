// A line icon drawn inline from SVG path data (24×24 box, current colour), so the app needs
// no icon package: the sidebar's sections and the canvas's node kinds draw with it.
export function LineIcon({ paths, size = 16 }: { paths: readonly string[]; size?: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      {paths.map((d) => (
        <path key={d} d={d} />
      ))}
    </svg>
  );
}
