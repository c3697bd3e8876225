; `f(x)`, `a.b.f(x)`, `a?.f(x)`, and calls with only a trailing lambda (`items.map { … }`).
; Constructors look like calls: a capitalized plain name reads as `new X` (best effort).
((call_expression (simple_identifier) @callee (call_suffix (value_arguments) @arguments)) @call
  (#not-match? @callee "^[A-Z]"))
((call_expression (simple_identifier) @callee (call_suffix (value_arguments) @arguments)) @call.new
  (#match? @callee "^[A-Z]"))
(call_expression (navigation_expression) @callee (call_suffix (value_arguments) @arguments)) @call
(call_expression [(simple_identifier) (navigation_expression)] @callee (call_suffix . (annotated_lambda) @arguments)) @call
