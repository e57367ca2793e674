// Package jsonscan owns the low-level JSON reading and writing that the SDK
// event decoder (lifecycle.DecodeEvent, EncodeEvent) and the trace line
// parser and writer (internal/trace) share:
//
//   - Reader, a walker over input that json.Valid has already accepted: it
//     finds where values start and end, names their JSON types for error
//     messages, and decodes strings as encoding/json does, allocating only
//     for strings that hold escapes or invalid UTF-8;
//   - ParseDateTime, the strict RFC 3339 date-time reader, with the switch
//     that lets an SDK roomEndTime leave its offset out while a trace line's
//     "at" may not;
//   - AppendString and AppendNumber, which write a string and a number as
//     encoding/json does, and MaxDurationMs, the bound both readers put on
//     millisecond counts.
//
// It knows nothing of events, lines or their fields: what a value must be,
// and the wording of a refusal, stay with the packages that read it.
package jsonscan
