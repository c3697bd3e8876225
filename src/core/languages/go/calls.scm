; f(), pkg.F(), s.repo.Save(), and Map[T, U](…) when the grammar reads explicit type arguments as such
(call_expression
  function: [(identifier) (selector_expression)] @callee
  arguments: (argument_list) @arguments) @call
; Generic calls with explicit type arguments: F[int](), pkg.F[int, string](x). The grammar reads the second
; form as a conversion to a generic type; both keep the function's name as the callee.
(call_expression
  function: (index_expression operand: [(identifier) (selector_expression)] @callee)
  arguments: (argument_list) @arguments) @call
(type_conversion_expression
  type: (generic_type type: [(type_identifier) (qualified_type)] @callee)) @call
; Composite literals Service{} / &Service{}: constructions of the named type.
(composite_literal
  type: [(type_identifier) (qualified_type)] @callee
  body: (literal_value) @arguments) @call.new
(composite_literal
  type: (generic_type type: [(type_identifier) (qualified_type)] @callee)
  body: (literal_value) @arguments) @call.new
