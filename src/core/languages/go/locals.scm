; Locals with a visible type, for the call tracer (FileSyntax.locals): `s := NewService()`, `s := &Service{}`,
; `var s Service`. Only the first name of `a, err := …` is bound to the call.
(short_var_declaration
  left: (expression_list . (identifier) @name)
  right: (expression_list . (call_expression function: [(identifier) (selector_expression)] @value))) @local
(short_var_declaration
  left: (expression_list . (identifier) @name .)
  right: (expression_list . [
    (composite_literal type: [(type_identifier) (qualified_type)] @value)
    (unary_expression operand: (composite_literal type: [(type_identifier) (qualified_type)] @value))
  ] .)) @local
(var_spec name: (identifier) @name type: (_) @type) @local
