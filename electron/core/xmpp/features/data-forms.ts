// XEP-0004 data forms: read a `jabber:x:data` form strictly (bounded, unique vars, values that fit
// the field type) and build the submit form that answers it. Values are kept exactly as sent,
// because a form is answered by sending them back; only what is shown (title, labels,
// instructions) is cleaned. Layer: electron/core (pure).
import xml, { type Element } from '@xmpp/xml'
import { LIMITS } from '../../../../shared/types/limits'
import { stripXmlForbidden } from '../../../../shared/util/xml-chars'
import { multiLine, singleLine } from '../display-text'
import { NS } from '../ns'
import { onlyChild } from '../xml-helpers'

export const FIELD_TYPES = [
  'boolean',
  'fixed',
  'hidden',
  'jid-multi',
  'jid-single',
  'list-multi',
  'list-single',
  'text-multi',
  'text-private',
  'text-single',
] as const
export type FieldType = (typeof FIELD_TYPES)[number]
export type FormType = 'form' | 'submit' | 'cancel' | 'result'

export interface FormOption {
  label: string
  value: string
}

export interface FormField {
  /** Absent only on 'fixed' fields (XEP-0004 §3.2: every other field has one). */
  var?: string
  type: FieldType
  label: string
  desc: string
  required: boolean
  values: string[]
  options: FormOption[]
}

export interface DataForm {
  type: FormType
  title: string
  instructions: string
  fields: FormField[]
}

/** A value to submit: booleans become '1'/'0', arrays fill the *-multi fields. */
export type SubmitValue = string | boolean | readonly string[]

// Config forms have a few dozen fields; hundreds is already a hostile or broken peer.
export const MAX_FIELDS = 200
export const MAX_VALUES = 256
export const MAX_OPTIONS = 256
/** Longest single value we read or send (a room description, a list of JIDs one per value). */
export const MAX_VALUE_LENGTH = 16 * 1024
const MAX_VAR_LENGTH = 256
const MAX_INSTRUCTIONS = 4096

const FORM_TYPES: readonly string[] = ['form', 'submit', 'cancel', 'result']
const MULTI: ReadonlySet<FieldType> = new Set(['jid-multi', 'list-multi', 'text-multi'])

function isFieldType(value: string): value is FieldType {
  return (FIELD_TYPES as readonly string[]).includes(value)
}

/** XEP-0004 §3.3 boolean lexical forms; null for anything else. */
export function parseFormBoolean(value: string): boolean | null {
  if (value === '1' || value === 'true') return true
  if (value === '0' || value === 'false') return false
  return null
}

function valueOk(value: string): boolean {
  return value.length <= MAX_VALUE_LENGTH
}

function parseField(field: Element): FormField | null {
  const rawType = field.attrs.type ?? 'text-single'
  if (typeof rawType !== 'string' || !isFieldType(rawType)) return null
  const type = rawType
  const name = field.attrs.var
  if (name !== undefined && (typeof name !== 'string' || name === '' || name.length > MAX_VAR_LENGTH)) return null
  if (name === undefined && type !== 'fixed') return null

  const valueElements = field.getChildren('value', NS.dataForms)
  const optionElements = field.getChildren('option', NS.dataForms)
  if (valueElements.length > MAX_VALUES || optionElements.length > MAX_OPTIONS) return null
  const values = valueElements.map((v) => v.text())
  if (!values.every(valueOk)) return null
  if (!MULTI.has(type) && type !== 'fixed' && values.length > 1) return null
  if (type === 'boolean' && values.some((v) => parseFormBoolean(v) === null)) return null

  const options: FormOption[] = []
  for (const option of optionElements) {
    const optionValues = option.getChildren('value', NS.dataForms)
    if (optionValues.length !== 1 || !optionValues[0]) return null
    const value = optionValues[0].text()
    if (!valueOk(value)) return null
    options.push({ value, label: singleLine(option.attrs.label, LIMITS.name) })
  }

  return {
    ...(name !== undefined ? { var: name } : {}),
    type,
    label: singleLine(field.attrs.label, LIMITS.name),
    desc: multiLine(onlyChild(field, 'desc', NS.dataForms)?.text(), LIMITS.status),
    required: field.getChildren('required', NS.dataForms).length > 0,
    values,
    options,
  }
}

/**
 * A `<x xmlns='jabber:x:data'/>` element as a form. Null when it is not one or is malformed: an
 * unknown form or field type, a field without var (other than fixed), a var used twice, several
 * values in a single-value field, a boolean that is not one, an option without exactly one value,
 * or more fields, values or options (or longer values) than the bounds above.
 */
export function parseDataForm(x: Element): DataForm | null {
  if (x.name !== 'x' || x.attrs.xmlns !== NS.dataForms) return null
  const type = x.attrs.type
  if (typeof type !== 'string' || !FORM_TYPES.includes(type)) return null
  const fieldElements = x.getChildren('field', NS.dataForms)
  if (fieldElements.length > MAX_FIELDS) return null
  const fields: FormField[] = []
  const vars = new Set<string>()
  for (const element of fieldElements) {
    const field = parseField(element)
    if (!field) return null
    if (field.var !== undefined) {
      if (vars.has(field.var)) return null
      vars.add(field.var)
    }
    fields.push(field)
  }
  const instructions = x
    .getChildren('instructions', NS.dataForms)
    .map((i) => i.text())
    .join('\n')
  return {
    type: type as FormType,
    title: singleLine(onlyChild(x, 'title', NS.dataForms)?.text(), LIMITS.name),
    instructions: multiLine(instructions, MAX_INSTRUCTIONS),
    fields,
  }
}

/** The form's FORM_TYPE (XEP-0068): the single value of its hidden FORM_TYPE field; null when none. */
export function formTypeOf(form: DataForm): string | null {
  const field = findField(form, 'FORM_TYPE')
  return field?.type === 'hidden' && field.values.length === 1 ? (field.values[0] ?? null) : null
}

/** The forms among `parent`'s children whose FORM_TYPE is `formType` (malformed ones are skipped). */
export function formsOfType(parent: Element, formType: string): DataForm[] {
  return parent
    .getChildren('x', NS.dataForms)
    .map(parseDataForm)
    .filter((form): form is DataForm => form !== null && formTypeOf(form) === formType)
}

export function findField(form: DataForm, name: string): FormField | undefined {
  return form.fields.find((f) => f.var === name)
}

function submitValues(field: Pick<FormField, 'type' | 'options'> & { var: string }, value: SubmitValue): string[] {
  const fail = (why: string): never => {
    throw new RangeError(`data form: ${field.var}: ${why}`)
  }
  let values: string[]
  if (typeof value === 'boolean') {
    if (field.type !== 'boolean') fail('a boolean for a non-boolean field')
    values = [value ? '1' : '0']
  } else if (typeof value === 'string') {
    values = [value]
  } else {
    if (!MULTI.has(field.type)) fail('several values for a single-value field')
    values = [...value]
  }
  if (values.length > MAX_VALUES) fail('too many values')
  for (const v of values) {
    if (v.length > MAX_VALUE_LENGTH || stripXmlForbidden(v) !== v) fail('a value that cannot be sent')
    if (field.type === 'boolean' && parseFormBoolean(v) === null) fail('not a boolean')
    if (field.type !== 'text-multi' && /[\r\n]/u.test(v)) fail('a line break in a one-line field')
  }
  const listed = new Set(field.options.map((o) => o.value))
  if ((field.type === 'list-single' || field.type === 'list-multi') && listed.size > 0 && values.some((v) => !listed.has(v))) {
    fail('a value that is not one of the options')
  }
  return values
}

function fieldElement(name: string, values: readonly string[], type?: FieldType): Element {
  return xml('field', { var: name, ...(type ? { type } : {}) }, ...values.map((v) => xml('value', {}, v)))
}

/**
 * The submit form answering `form` (XEP-0004 §3.1): every field with a var except fixed ones,
 * with the form's own values unless `values` names the field. Throws RangeError for a value
 * naming a field the form lacks, or one that does not fit its field (wrong kind, not among the
 * options, line break in a one-line field, a character XML cannot carry, too long).
 */
export function submitForm(form: DataForm, values: Readonly<Record<string, SubmitValue>> = {}): Element {
  for (const name of Object.keys(values)) {
    if (!form.fields.some((f) => f.var === name && f.type !== 'fixed')) throw new RangeError(`data form: no field ${name}`)
  }
  const fields = form.fields.flatMap((field) => {
    if (field.var === undefined || field.type === 'fixed') return []
    const chosen = values[field.var]
    const submitted = chosen === undefined ? field.values : submitValues({ ...field, var: field.var }, chosen)
    return [fieldElement(field.var, submitted, field.type === 'hidden' ? 'hidden' : undefined)]
  })
  return xml('x', { xmlns: NS.dataForms, type: 'submit' }, ...fields)
}

/**
 * A submit form made from scratch, for forms we fill without being sent one (XEP-0060
 * publish-options): the hidden FORM_TYPE, then each value as a text field. Throws RangeError as
 * submitForm does.
 */
export function submitFields(formType: string, values: Readonly<Record<string, SubmitValue>>): Element {
  const fields = Object.entries(values).map(([name, value]) => {
    const type: FieldType = typeof value === 'boolean' ? 'boolean' : typeof value === 'string' ? 'text-single' : 'text-multi'
    return fieldElement(name, submitValues({ var: name, type, options: [] }, value))
  })
  return xml('x', { xmlns: NS.dataForms, type: 'submit' }, fieldElement('FORM_TYPE', [formType], 'hidden'), ...fields)
}

/** Declines a form (XEP-0004 §3.1 'cancel'). */
export function cancelForm(): Element {
  return xml('x', { xmlns: NS.dataForms, type: 'cancel' })
}
