import { Select } from "~/components/ui/select";
import { RANGE_PRESETS, type TRangeId } from "~/lib/trace-filters";

export function TimeRangeSelect({
  id,
  value,
  onChange,
  allowCustom,
  className,
}: {
  id: string;
  value: TRangeId;
  onChange: (range: TRangeId) => void;
  allowCustom?: boolean;
  className?: string;
}) {
  return (
    <Select id={id} value={value} onChange={(e) => onChange(e.target.value as TRangeId)} className={className}>
      {RANGE_PRESETS.map((p) => (
        <option key={p.id} value={p.id}>
          {p.label}
        </option>
      ))}
      {allowCustom && <option value="custom">Custom range…</option>}
    </Select>
  );
}
