// XEP-0004 data forms: strict reading (bounded, unique vars, values that fit their field) with
// values kept exactly, shown text cleaned; and the submit forms we build from a form or from
// scratch, refusing values that do not fit.
import { describe, expect, it } from 'vitest'
import {
  cancelForm,
  findField,
  formsOfType,
  formTypeOf,
  MAX_FIELDS,
  MAX_OPTIONS,
  MAX_VALUE_LENGTH,
  parseDataForm,
  parseFormBoolean,
  submitFields,
  submitForm,
  type DataForm,
} from '../../../../electron/core/xmpp/features/data-forms'
import { NS } from '../../../../electron/core/xmpp/ns'
import { parseStanza, roundTrip } from '../../../support/parse-xml'

const X = "xmlns='jabber:x:data'"
const form = (fields: string, type = 'form', extra = ''): DataForm | null => parseDataForm(parseStanza(`<x ${X} type='${type}'>${extra}${fields}</x>`))
const FORM_TYPE = "<field var='FORM_TYPE' type='hidden'><value>urn:example:config</value></field>"

function submitted(x: ReturnType<typeof submitForm>): Record<string, string[]> {
  const parsed = roundTrip(x)
  return Object.fromEntries(parsed.getChildren('field', NS.dataForms).map((f) => [f.attrs.var, f.getChildren('value', NS.dataForms).map((v) => v.text())]))
}

describe('reading a form', () => {
  it('reads title, instructions and every kind of field', () => {
    const parsed = form(
      FORM_TYPE +
        "<field var='name' type='text-single' label='Room Name'><value>Lobby</value><required/></field>" +
        "<field var='secret' type='text-private'/>" +
        "<field var='notes' type='text-multi'><value>one</value><value>two</value></field>" +
        "<field var='on' type='boolean' label='On?'><desc>Whether it is on</desc><value>true</value></field>" +
        "<field var='who' type='list-single'><value>moderators</value><option label='Anyone'><value>anyone</value></option><option label='Moderators'><value>moderators</value></option></field>" +
        "<field var='admins' type='jid-multi'><value>a@example.org</value><value>b@example.org</value></field>" +
        "<field type='fixed'><value>Section</value></field>" +
        "<field var='untyped'><value>plain</value></field>",
      'form',
      '<title>Configuration</title><instructions>Fill this in.</instructions><instructions>Then submit.</instructions>',
    )
    expect(parsed).not.toBeNull()
    expect(parsed?.title).toBe('Configuration')
    expect(parsed?.instructions).toBe('Fill this in.\nThen submit.')
    expect(parsed && formTypeOf(parsed)).toBe('urn:example:config')
    expect(parsed && findField(parsed, 'name')).toEqual({ var: 'name', type: 'text-single', label: 'Room Name', desc: '', required: true, values: ['Lobby'], options: [] })
    expect(parsed && findField(parsed, 'on')).toMatchObject({ type: 'boolean', desc: 'Whether it is on', values: ['true'] })
    expect(parsed && findField(parsed, 'who')?.options).toEqual([
      { label: 'Anyone', value: 'anyone' },
      { label: 'Moderators', value: 'moderators' },
    ])
    expect(parsed && findField(parsed, 'notes')?.values).toEqual(['one', 'two'])
    expect(parsed && findField(parsed, 'untyped')?.type).toBe('text-single')
    expect(parsed?.fields.find((f) => f.type === 'fixed')).not.toHaveProperty('var')
  })

  it('keeps values exactly but cleans what is shown', () => {
    const parsed = form("<field var='v' label='La&#x202E;bel&#x9;x'><value>  spaced &#x85; value  </value></field>", 'form', '<title>T&#x7f;itle</title>')
    expect(parsed?.fields[0]?.values).toEqual(['  spaced \u0085 value  '])
    expect(parsed?.fields[0]?.label).toBe('Label x')
    expect(parsed?.title).toBe('T itle')
  })

  it('refuses malformed forms', () => {
    const bad = [
      "<field var='a' type='text-single'><value>1</value><value>2</value></field>", // two values in a single field
      "<field var='a' type='boolean'><value>yes</value></field>", // not a boolean
      "<field var='a' type='colour'/>", // unknown type
      "<field type='text-single'/>", // no var
      "<field var='' type='text-single'/>",
      "<field var='a'/><field var='a'/>", // duplicate var
      "<field var='a' type='list-single'><option label='x'/></field>", // option without a value
      "<field var='a' type='list-single'><option><value>1</value><value>2</value></option></field>",
      `<field var='${'v'.repeat(257)}'/>`,
      `<field var='a'><value>${'x'.repeat(MAX_VALUE_LENGTH + 1)}</value></field>`,
      `<field var='a' type='list-multi'>${"<option><value>x</value></option>".repeat(MAX_OPTIONS + 1)}</field>`,
      Array.from({ length: MAX_FIELDS + 1 }, (_, i) => `<field var='f${i}'/>`).join(''),
    ]
    for (const fields of bad) expect(form(fields), fields.slice(0, 80)).toBeNull()
    expect(form('', 'weird')).toBeNull()
    expect(parseDataForm(parseStanza("<x xmlns='urn:other' type='form'/>"))).toBeNull()
    expect(parseDataForm(parseStanza(`<x ${X}/>`))).toBeNull()
  })

  it('only counts field children in jabber:x:data', () => {
    const parsed = form("<field xmlns='urn:other' var='sneaky'/><field var='real'/>")
    expect(parsed?.fields.map((f) => f.var)).toEqual(['real'])
  })

  it('finds forms by FORM_TYPE, skipping malformed ones and forms without a hidden FORM_TYPE', () => {
    const parent = parseStanza(
      `<query xmlns='http://jabber.org/protocol/disco#info'><x ${X} type='result'>${FORM_TYPE}</x><x ${X} type='result'>${FORM_TYPE}<field var='a'/><field var='a'/></x>` +
        `<x ${X} type='result'><field var='FORM_TYPE'><value>urn:example:config</value></field></x><x ${X} type='result'><field var='FORM_TYPE' type='hidden'><value>urn:other</value></field></x></query>`,
    )
    expect(formsOfType(parent, 'urn:example:config')).toHaveLength(1)
  })

  it('reads the boolean lexical forms', () => {
    expect(['1', 'true', '0', 'false', 'True', '', 'yes'].map(parseFormBoolean)).toEqual([true, true, false, false, null, null, null])
  })
})

describe('submitting', () => {
  const config = form(
    FORM_TYPE +
      "<field type='fixed'><value>Section</value></field>" +
      "<field var='name' type='text-single'><value>Default</value></field>" +
      "<field var='desc' type='text-multi'/>" +
      "<field var='on' type='boolean'><value>0</value></field>" +
      "<field var='who' type='list-single'><value>moderators</value><option><value>anyone</value></option><option><value>moderators</value></option></field>" +
      "<field var='admins' type='jid-multi'><value>a@example.org</value></field>",
  ) as DataForm

  it('answers with every field, keeping the form type and defaults, applying our values', () => {
    const x = submitForm(config, { name: 'Lobby', on: true, who: 'anyone', desc: 'line 1\nline 2', admins: ['a@example.org', 'b@example.org'] })
    expect(roundTrip(x).attrs.type).toBe('submit')
    expect(submitted(x)).toEqual({
      FORM_TYPE: ['urn:example:config'],
      name: ['Lobby'],
      desc: ['line 1\nline 2'],
      on: ['1'],
      who: ['anyone'],
      admins: ['a@example.org', 'b@example.org'],
    })
    expect(submitted(submitForm(config))).toMatchObject({ name: ['Default'], on: ['0'], who: ['moderators'], desc: [] })
  })

  it('refuses values that do not fit', () => {
    expect(() => submitForm(config, { missing: 'x' })).toThrow(RangeError)
    expect(() => submitForm(config, { name: true })).toThrow(RangeError)
    expect(() => submitForm(config, { name: ['a', 'b'] })).toThrow(RangeError)
    expect(() => submitForm(config, { name: 'two\nlines' })).toThrow(RangeError)
    expect(() => submitForm(config, { name: 'bad\u0000char' })).toThrow(RangeError)
    expect(() => submitForm(config, { name: 'x'.repeat(MAX_VALUE_LENGTH + 1) })).toThrow(RangeError)
    expect(() => submitForm(config, { who: 'everyone' })).toThrow(RangeError)
    expect(() => submitForm(config, { on: 'maybe' })).toThrow(RangeError)
  })

  it('builds a form from scratch with its FORM_TYPE first', () => {
    const x = roundTrip(submitFields('urn:example:options', { a: 'one', b: true, c: ['x', 'y'] }))
    expect(x.attrs.type).toBe('submit')
    const fields = x.getChildren('field', NS.dataForms)
    expect(fields[0]?.attrs).toMatchObject({ var: 'FORM_TYPE', type: 'hidden' })
    expect(submitted(x)).toEqual({ FORM_TYPE: ['urn:example:options'], a: ['one'], b: ['1'], c: ['x', 'y'] })
    expect(() => submitFields('urn:x', { a: 'line\nbreak' })).toThrow(RangeError)
  })

  it('cancels', () => {
    expect(roundTrip(cancelForm()).attrs).toMatchObject({ type: 'cancel', xmlns: NS.dataForms })
  })
})
