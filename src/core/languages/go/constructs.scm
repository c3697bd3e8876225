; `if err != nil` (also `if err := f(); err != nil`, `if saveErr != nil`) is an error check; other ifs are branches.
(if_statement
  condition: (binary_expression left: (identifier) @_err operator: "!=" right: (nil)) @detail
  (#match? @_err "^(err|.*Err)$")) @construct.error-check
(if_statement condition: (_) @detail (#not-match? @detail "^(err|[A-Za-z0-9_]*Err) != nil$")) @construct.branch

(defer_statement (call_expression function: [(identifier) (selector_expression)] @detail)) @construct.defer
(defer_statement (call_expression function: (func_literal))) @construct.defer
; `recover()` and `panic(…)` are constructs too (recover, raise): language.json's callConstructs, checked on the calls.

(expression_switch_statement value: (_) @detail) @construct.switch
(expression_switch_statement !value) @construct.switch
(type_switch_statement value: (_) @detail) @construct.switch
(select_statement) @construct.switch

; for i, v := range xs (detail: the loop variables) / for i := 0; …; … / for cond / for {}
(for_statement (range_clause left: (_) @detail)) @construct.loop
(for_statement (range_clause !left right: (_) @detail)) @construct.loop
(for_statement (for_clause) @detail) @construct.loop
(for_statement . (block)) @construct.loop
(for_statement
  . [(identifier) (binary_expression) (unary_expression) (call_expression) (selector_expression)
     (parenthesized_expression) (true) (false)] @detail
  . (block)) @construct.loop

(return_statement) @construct.return

; Assignments to the receiver's fields: s.x = …, s.n += 1, s.count++. The `receiver` capture keeps only those
; whose operand is the enclosing method's receiver name (the extractor checks; Go names it per method).
(assignment_statement
  left: (expression_list (selector_expression operand: (identifier) @receiver) @detail)) @construct.state-assignment
(inc_statement (selector_expression operand: (identifier) @receiver) @detail) @construct.state-assignment
(dec_statement (selector_expression operand: (identifier) @receiver) @detail) @construct.state-assignment

(comment) @comment
