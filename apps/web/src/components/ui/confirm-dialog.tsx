"use client";
import { useState, type FormEvent, type ReactNode } from "react";
import { Button } from "./button";
import { Dialog, DialogBody, DialogFooter } from "./dialog";
import { Field, fieldProps } from "./field";
import { FormError } from "./form-error";
import { Input } from "./input";

/**
 * Asks before a destructive action. With `confirmText`, the person must type it (e.g. the
 * organisation's name) before the button enables; the server checks it again.
 */
export function ConfirmDialog({
  open,
  onClose,
  title,
  description,
  confirmLabel,
  onConfirm,
  pending,
  error,
  confirmText,
  children,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  description?: ReactNode;
  confirmLabel: string;
  onConfirm: (typed: string) => void;
  pending?: boolean;
  error?: string;
  confirmText?: string;
  children?: ReactNode;
}) {
  const [typed, setTyped] = useState("");
  const ready = confirmText === undefined || typed.trim() === confirmText;

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (ready) onConfirm(typed);
  }

  return (
    <Dialog
      open={open}
      onClose={() => {
        setTyped("");
        onClose();
      }}
      title={title}
      description={description}
    >
      <form onSubmit={onSubmit} noValidate>
        <DialogBody>
          {children}
          {confirmText !== undefined && (
            <Field
              id="confirm-text"
              label={
                <>
                  Type <span className="font-mono font-semibold text-slate-900">{confirmText}</span> to confirm
                </>
              }
            >
              <Input
                {...fieldProps("confirm-text")}
                value={typed}
                onChange={(e) => setTyped(e.target.value)}
                autoComplete="off"
                data-autofocus
              />
            </Field>
          )}
          <FormError>{error}</FormError>
        </DialogBody>
        <DialogFooter>
          <Button variant="ghost" onClick={onClose} data-autofocus={confirmText === undefined || undefined}>
            Cancel
          </Button>
          <Button type="submit" variant="danger" disabled={!ready} loading={pending}>
            {confirmLabel}
          </Button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}
