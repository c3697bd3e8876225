; import "fmt" / import h "net/http" / import . "strings" / import _ "embed", alone or grouped: one import per
; spec, kind module, its local name (h, `.` or `_`) as alias.
(import_spec
  name: (_)? @alias
  path: (interpreted_string_literal (interpreted_string_literal_content) @module)) @import.module
(import_spec
  name: (_)? @alias
  path: (raw_string_literal (raw_string_literal_content) @module)) @import.module
