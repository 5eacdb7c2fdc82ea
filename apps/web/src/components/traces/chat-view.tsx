import { cn } from "~/lib/cn";
import { toChatMessages, type TChatMessage } from "~/lib/chat-messages";
import { JsonView, toJson } from "~/components/common/json-view";

const ROLE_STYLE: Record<string, { bubble: string; label: string; align: string }> = {
  system: { bubble: "bg-slate-50 ring-slate-200 text-slate-700", label: "System", align: "" },
  user: { bubble: "bg-indigo-50 ring-indigo-100 text-slate-900", label: "User", align: "ml-auto" },
  assistant: { bubble: "bg-white ring-slate-200 text-slate-900", label: "Assistant", align: "mr-auto" },
  model: { bubble: "bg-white ring-slate-200 text-slate-900", label: "Model", align: "mr-auto" },
  tool: { bubble: "bg-amber-50 ring-amber-100 text-slate-900", label: "Tool", align: "mr-auto" },
};

function Bubble({ message }: { message: TChatMessage }) {
  const style = ROLE_STYLE[message.role] ?? {
    bubble: "bg-white ring-slate-200",
    label: message.role,
    align: "mr-auto",
  };
  return (
    <li className={cn("flex max-w-[92%] flex-col", style.align, message.role === "system" && "max-w-full")}>
      <span
        className={cn(
          "mb-1 text-[11px] font-semibold tracking-wide text-slate-400 uppercase",
          style.align === "ml-auto" && "text-right",
        )}
      >
        {style.label}
      </span>
      <div className={cn("space-y-2 rounded-xl px-3.5 py-2.5 text-sm ring-1", style.bubble)}>
        {message.parts.length === 0 && <p className="text-slate-400 italic">empty</p>}
        {message.parts.map((p, i) =>
          p.kind === "text" ? (
            <p key={i} className="leading-relaxed whitespace-pre-wrap [overflow-wrap:anywhere]">
              {p.text}
            </p>
          ) : (
            <details key={i} className="rounded-md bg-slate-900/[0.03] px-2 py-1 text-xs">
              <summary className="cursor-pointer font-medium text-slate-600 capitalize">{p.label}</summary>
              <pre className="mt-1 overflow-auto font-mono whitespace-pre-wrap [overflow-wrap:anywhere] text-slate-700">
                {toJson(p.value)}
              </pre>
            </details>
          ),
        )}
      </div>
    </li>
  );
}

/** Chat bubbles for message-shaped values, plain text for strings, pretty JSON for anything else. */
export function ChatView({ value, label }: { value: unknown; label: string }) {
  if (value === null || value === undefined) return <p className="text-sm text-slate-400 italic">None recorded</p>;
  if (typeof value === "string") {
    return (
      <p
        aria-label={label}
        className="rounded-xl bg-white px-3.5 py-2.5 text-sm leading-relaxed whitespace-pre-wrap [overflow-wrap:anywhere] text-slate-900 ring-1 ring-slate-200"
      >
        {value}
      </p>
    );
  }
  const messages = toChatMessages(value);
  if (!messages) return <JsonView value={value} label={label} />;
  return (
    <ol aria-label={label} className="flex flex-col gap-3">
      {messages.map((m, i) => (
        <Bubble key={i} message={m} />
      ))}
    </ol>
  );
}
