// Small PatternFly 5 building blocks from the CSS classes the account console already loads.
import React, { useEffect } from "react";
import { createPortal } from "react-dom";

export const h = React.createElement;

export function Button({ variant = "primary", onClick, disabled, testId, type = "button", children }) {
  return h("button", {
    type, onClick, disabled, "data-testid": testId,
    className: `pf-v5-c-button pf-m-${variant}${disabled ? " pf-m-disabled" : ""}`,
  }, children);
}

export function Alert({ variant = "danger", title, testId, children }) {
  return h("div", { className: `pf-v5-c-alert pf-m-inline pf-m-${variant}`, "data-testid": testId, role: "alert" },
    h("p", { className: "pf-v5-c-alert__title" }, title),
    children && h("div", { className: "pf-v5-c-alert__description" }, children));
}

/** A coloured label (css/api-keys.css): active, expired, revoked, info or plain grey. */
export function Label({ colour, testId, children }) {
  return h("span", { className: `apikeys-label apikeys-label--${colour}`, "data-testid": testId }, children);
}

export function EmptyState({ title, testId, children }) {
  return h("div", { className: "pf-v5-c-empty-state", "data-testid": testId },
    h("div", { className: "pf-v5-c-empty-state__content" },
      h("div", { className: "pf-v5-c-empty-state__header" },
        h("div", { className: "pf-v5-c-empty-state__title" }, h("h2", { className: "pf-v5-c-empty-state__title-text" }, title))),
      h("div", { className: "pf-v5-c-empty-state__body" }, children)));
}

/** A modal dialog in a portal over the whole console; Escape closes it. */
export function Modal({ title, testId, onClose, footer, children, variant = "medium" }) {
  useEffect(() => {
    const onKey = (event) => event.key === "Escape" && onClose();
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [onClose]);
  return createPortal(
    h("div", { className: "pf-v5-c-backdrop" },
      h("div", { className: "pf-v5-l-bullseye" },
        h("div", { className: `pf-v5-c-modal-box apikeys-modal pf-m-${variant === "small" ? "sm" : "md"}`, role: "dialog", "aria-modal": true, "aria-label": title, "data-testid": testId },
          h("div", { className: "pf-v5-c-modal-box__close" },
            h("button", { type: "button", className: "pf-v5-c-button pf-m-plain", "aria-label": "Close", onClick: onClose }, "\u00d7")),
          h("header", { className: "pf-v5-c-modal-box__header" }, h("h1", { className: "pf-v5-c-modal-box__title" }, title)),
          h("div", { className: "pf-v5-c-modal-box__body" }, children),
          h("footer", { className: "pf-v5-c-modal-box__footer" }, footer)))),
    document.body);
}

/** A labelled field; "wide" spans both columns of the create form. */
export function FormGroup({ id, label, required, helper, wide, children }) {
  return h("div", { className: `pf-v5-c-form__group${wide ? " apikeys-wide" : ""}` },
    h("div", { className: "pf-v5-c-form__group-label" },
      h("label", { className: "pf-v5-c-form__label", htmlFor: id },
        h("span", { className: "pf-v5-c-form__label-text" }, label),
        required && h("span", { className: "pf-v5-c-form__label-required", "aria-hidden": true }, " *"))),
    h("div", { className: "pf-v5-c-form__group-control" }, children,
      helper && h("div", { className: "pf-v5-c-form__helper-text" },
        h("div", { className: "pf-v5-c-helper-text" }, h("div", { className: "pf-v5-c-helper-text__item" },
          h("span", { className: "pf-v5-c-helper-text__item-text" }, helper))))));
}

export function TextInput({ id, value, onChange, type = "text", readOnly, placeholder, testId }) {
  return h("span", { className: `pf-v5-c-form-control${readOnly ? " pf-m-readonly" : ""}` },
    h("input", { id, type, value, readOnly, placeholder, "data-testid": testId || id,
      onChange: onChange && ((event) => onChange(event.target.value)) }));
}

export function Checkbox({ id, checked, onChange, label }) {
  return h("div", { className: "pf-v5-c-check" },
    h("input", { id, type: "checkbox", className: "pf-v5-c-check__input", checked, "data-testid": id,
      onChange: (event) => onChange(event.target.checked) }),
    h("label", { className: "pf-v5-c-check__label", htmlFor: id }, label));
}

export function TextArea({ id, value, onChange }) {
  return h("span", { className: "pf-v5-c-form-control" },
    h("textarea", { id, value, rows: 2, "data-testid": id, onChange: (event) => onChange(event.target.value) }));
}

export function Select({ id, value, onChange, options, testId, label }) {
  return h("span", { className: "pf-v5-c-form-control" },
    h("select", { id, value, "aria-label": label, "data-testid": testId || id, onChange: (event) => onChange(event.target.value) },
      options.map(([optionValue, text]) => h("option", { key: optionValue, value: optionValue }, text))),
  );
}
