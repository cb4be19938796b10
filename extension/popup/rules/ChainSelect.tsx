import { chainLabel } from "../../ui/format";

/** A chain picked by its name, never typed as a raw chain id. */
export function ChainSelect({
  name,
  value,
  chains,
  onChange,
}: {
  name: string;
  value: string;
  chains: number[];
  onChange(value: string): void;
}) {
  return (
    <select name={name} value={value} onChange={(e) => onChange(e.target.value)}>
      {chains.map((id) => (
        <option key={id} value={String(id)}>
          {chainLabel(id)}
        </option>
      ))}
    </select>
  );
}
