import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import { TH } from "~/components/ui/table";
import { cn } from "~/lib/cn";
import type { TOrder, TSort } from "~/lib/trace-filters";

export function SortHeader({
  column,
  label,
  sort,
  order,
  onSort,
  className,
}: {
  column: TSort;
  label: string;
  sort: TSort;
  order: TOrder;
  onSort: (column: TSort, order: TOrder) => void;
  className?: string;
}) {
  const active = sort === column;
  const Icon = !active ? ArrowUpDown : order === "desc" ? ArrowDown : ArrowUp;
  return (
    <TH aria-sort={active ? (order === "desc" ? "descending" : "ascending") : "none"} className={className}>
      <button
        type="button"
        onClick={() => onSort(column, active && order === "desc" ? "asc" : "desc")}
        className={cn(
          "inline-flex items-center gap-1 rounded whitespace-nowrap uppercase hover:text-slate-800",
          active && "text-indigo-700",
        )}
      >
        {label}
        <Icon className="size-3.5" aria-hidden />
        <span className="sr-only">
          {active ? `sorted ${order === "desc" ? "descending" : "ascending"}` : "sortable"}
        </span>
      </button>
    </TH>
  );
}
