; Locals with a visible type, for the call tracer (FileSyntax.locals): `const s = new Store()`, `const c = make()`.
; `require(…)` is an import (imports.scm), not a local.
(variable_declarator
  name: (identifier) @name
  value: (new_expression constructor: [(identifier) (member_expression)] @value)) @local
(variable_declarator
  name: (identifier) @name
  value: [
    (call_expression function: [(identifier) (member_expression)] @value)
    (await_expression (call_expression function: [(identifier) (member_expression)] @value))
  ]
  (#not-eq? @value "require")) @local
