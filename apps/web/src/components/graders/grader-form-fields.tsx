"use client";
import { Field, fieldProps } from "~/components/ui/field";
import { Input } from "~/components/ui/input";
import { Select } from "~/components/ui/select";
import { Textarea } from "~/components/ui/textarea";
import { GRADER_FORMS, type TFormGraderType, type TGraderFormDraft } from "~/lib/grader-forms";

/** The form of a deterministic grader's config: one labelled control per config key. */
export function GraderFormFields({
  type,
  draft,
  errors,
  onChange,
}: {
  type: TFormGraderType;
  draft: TGraderFormDraft;
  errors: Record<string, string | undefined>;
  onChange: (key: string, value: string | boolean) => void;
}) {
  const fields = GRADER_FORMS[type];
  const checks = fields.filter((f) => f.kind === "bool");
  return (
    <fieldset className="space-y-4" aria-label="Config">
      <div className="grid gap-4 sm:grid-cols-2">
        {fields.map((f) => {
          if (f.kind === "bool") return null;
          const id = `cfg-${f.key}`;
          const err = errors[f.key];
          const value = typeof draft[f.key] === "string" ? (draft[f.key] as string) : "";
          const wide = f.kind === "lines" || f.kind === "json" || (f.kind === "text" && f.key === "pattern");
          return (
            <Field
              key={f.key}
              id={id}
              label={f.label}
              hint={f.hint}
              error={err}
              className={wide ? "sm:col-span-2" : undefined}
            >
              {f.kind === "select" ? (
                <Select
                  {...fieldProps(id, err, f.hint)}
                  value={value}
                  onChange={(e) => onChange(f.key, e.target.value)}
                >
                  {f.optional && <option value="">Default</option>}
                  {f.options.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </Select>
              ) : f.kind === "lines" || f.kind === "json" ? (
                <Textarea
                  {...fieldProps(id, err, f.hint)}
                  value={value}
                  onChange={(e) => onChange(f.key, e.target.value)}
                  rows={f.kind === "json" ? Math.min(16, Math.max(5, value.split("\n").length + 1)) : 4}
                  className={f.kind === "json" ? "font-mono text-xs" : undefined}
                  spellCheck={f.kind !== "json"}
                />
              ) : (
                <Input
                  {...fieldProps(id, err, f.hint)}
                  value={value}
                  onChange={(e) => onChange(f.key, e.target.value)}
                  inputMode={f.kind === "number" ? "decimal" : undefined}
                  className={f.key === "pattern" || f.key === "flags" ? "font-mono" : undefined}
                  placeholder={f.kind === "text" ? f.placeholder : undefined}
                />
              )}
            </Field>
          );
        })}
      </div>
      {checks.length > 0 && (
        <div className="flex flex-wrap gap-x-6 gap-y-2">
          {checks.map((f) => (
            <label key={f.key} className="flex items-center gap-2 text-sm text-slate-700" title={f.hint}>
              <input
                type="checkbox"
                checked={typeof draft[f.key] === "boolean" ? (draft[f.key] as boolean) : f.kind === "bool" && f.default}
                onChange={(e) => onChange(f.key, e.target.checked)}
                className="rounded border-slate-300"
              />
              {f.label}
            </label>
          ))}
        </div>
      )}
    </fieldset>
  );
}
