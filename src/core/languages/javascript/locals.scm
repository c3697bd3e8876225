; Locals with a visible type, for the call tracer (FileSyntax.locals): `const s = new Store()`, `const c = make()`.
; `require(…)` is an import (imports.scm), not a local.
; `let x;` declares x without a value (@declaration).
(variable_declarator name: (identifier) @name !value) @local @declaration
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
; Every other binding of a name (`x = 3`, `x += …`, `for (x of …)`) is recorded too, `x = new Store()` with what it
; holds, as an assignment (@assignment): a local bound to different things is unknown rather than one of them. The
; for-loop pattern skips `for (const x of …)`, a declaration.
(assignment_expression left: (identifier) @name right: (new_expression constructor: [(identifier) (member_expression)] @value)) @local @assignment
(assignment_expression left: (identifier) @name) @local @assignment
(augmented_assignment_expression left: (identifier) @name) @local @assignment
(for_in_statement !kind left: (identifier) @name) @local @assignment
(for_in_statement kind: _ left: (identifier) @name) @local
