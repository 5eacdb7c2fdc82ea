"use client";
import { Field, fieldProps } from "~/components/ui/field";
import { Input } from "~/components/ui/input";
import { Textarea } from "~/components/ui/textarea";
import { draftLevels, JUDGE_MODELS, type TJudgeDraft, type TJudgeField } from "~/lib/graders";

/** The llm_judge part of the grader editor: rubric, anchored scale and judge settings. */
export function JudgeFields({
  draft,
  onChange,
  errors,
}: {
  draft: TJudgeDraft;
  onChange: (patch: Partial<TJudgeDraft>, field?: TJudgeField) => void;
  errors: Partial<Record<TJudgeField, string>>;
}) {
  const levels = draftLevels(draft);
  const text = (field: TJudgeField & keyof TJudgeDraft) => ({
    value: draft[field] as string,
    onChange: (e: { target: { value: string } }) => onChange({ [field]: e.target.value }, field),
  });
  return (
    <div className="space-y-5">
      <fieldset className="space-y-4">
        <legend className="mb-1.5 text-sm font-semibold text-slate-900">Rubric</legend>
        <Field id="judge-rubric-name" label="Rubric name" error={errors.rubricName}>
          <Input
            {...fieldProps("judge-rubric-name", errors.rubricName)}
            {...text("rubricName")}
            placeholder="Helpfulness"
            maxLength={200}
          />
        </Field>
        <Field
          id="judge-description"
          label="Description"
          hint="Optional. What is being judged, in a sentence or two"
          error={errors.description}
        >
          <Textarea
            {...fieldProps("judge-description", errors.description, "hint")}
            {...text("description")}
            rows={2}
            maxLength={4000}
          />
        </Field>
        <Field
          id="judge-criteria"
          label="Criteria"
          hint="One criterion per line: what the judge should weigh"
          error={errors.criteria}
        >
          <Textarea
            {...fieldProps("judge-criteria", errors.criteria, "hint")}
            {...text("criteria")}
            rows={4}
            placeholder={"Answers the question that was asked\nStates the refund policy correctly"}
          />
        </Field>
      </fieldset>
      <fieldset>
        <legend className="mb-1.5 text-sm font-semibold text-slate-900">Scale</legend>
        <div className="grid gap-4 sm:grid-cols-4">
          <Field id="judge-scale-min" label="Scale min" error={errors.min}>
            <Input {...fieldProps("judge-scale-min", errors.min)} {...text("min")} type="number" step={1} />
          </Field>
          <Field id="judge-scale-max" label="Scale max" error={errors.max}>
            <Input {...fieldProps("judge-scale-max", errors.max)} {...text("max")} type="number" step={1} />
          </Field>
        </div>
        <p id="judge-anchors-hint" className="mt-3 text-xs text-slate-500">
          Describe what each level means; the lowest and highest levels need a description.
        </p>
        {levels.length === 0 ? (
          <p className="mt-2 text-sm text-slate-500">
            Set whole numbers with max above min (at most 101 levels) to describe each level.
          </p>
        ) : (
          <ol className="mt-2 space-y-2" aria-label="Scale anchors">
            {levels.map((level) => (
              <li key={level} className="flex items-center gap-3">
                <label
                  htmlFor={`judge-anchor-${level}`}
                  className="w-16 shrink-0 text-sm font-medium text-slate-700 tabular-nums"
                >
                  Level {level}
                </label>
                <Input
                  id={`judge-anchor-${level}`}
                  aria-describedby={errors.anchors ? "judge-anchors-error" : "judge-anchors-hint"}
                  invalid={Boolean(errors.anchors)}
                  value={draft.anchors[String(level)] ?? ""}
                  onChange={(e) =>
                    onChange({ anchors: { ...draft.anchors, [String(level)]: e.target.value } }, "anchors")
                  }
                />
              </li>
            ))}
          </ol>
        )}
        {errors.anchors && (
          <p id="judge-anchors-error" className="mt-1.5 text-sm text-red-600">
            {errors.anchors}
          </p>
        )}
      </fieldset>
      <fieldset>
        <legend className="mb-1.5 text-sm font-semibold text-slate-900">Judge</legend>
        <div className="grid gap-4 sm:grid-cols-3">
          <Field
            id="judge-model"
            label="Judge model"
            hint="Optional; the project's default judge when empty"
            error={errors.model}
          >
            <Input
              {...fieldProps("judge-model", errors.model, "hint")}
              {...text("model")}
              list="judge-models"
              className="font-mono"
              placeholder="claude-sonnet-4-6"
            />
            <datalist id="judge-models">
              {JUDGE_MODELS.map((m) => (
                <option key={m} value={m} />
              ))}
            </datalist>
          </Field>
          <Field id="judge-samples" label="Samples" hint="1–10 judge calls, averaged" error={errors.samples}>
            <Input
              {...fieldProps("judge-samples", errors.samples, "hint")}
              {...text("samples")}
              type="number"
              min={1}
              max={10}
              step={1}
            />
          </Field>
          <Field
            id="judge-pass-threshold"
            label="Pass threshold"
            hint="0–1 on the normalised score"
            error={errors.passThreshold}
          >
            <Input
              {...fieldProps("judge-pass-threshold", errors.passThreshold, "hint")}
              {...text("passThreshold")}
              type="number"
              min={0}
              max={1}
              step={0.05}
            />
          </Field>
        </div>
        <div className="mt-4 flex flex-wrap gap-x-6 gap-y-2">
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input
              type="checkbox"
              checked={draft.includeExpected}
              onChange={(e) => onChange({ includeExpected: e.target.checked })}
              className="rounded border-slate-300"
            />
            Include expected output
          </label>
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input
              type="checkbox"
              checked={draft.includeContext}
              onChange={(e) => onChange({ includeContext: e.target.checked })}
              className="rounded border-slate-300"
            />
            Include context
          </label>
        </div>
      </fieldset>
    </div>
  );
}
