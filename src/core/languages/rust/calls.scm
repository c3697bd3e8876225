; `f(x)`, `Type::f(x)`, `self.repo.save(x)`, `f::<T>(x)`.
(call_expression
  function: [(identifier) (scoped_identifier) (field_expression) (generic_function)] @callee
  arguments: (arguments) @arguments) @call
; Macros are calls by the macro's path (`println`, `sqlx::query`), without the `!`.
(macro_invocation
  macro: [(identifier) (scoped_identifier)] @callee
  (token_tree) @arguments) @call
; A struct literal `Order { id, qty }` constructs an Order.
(struct_expression
  name: [(type_identifier) (scoped_type_identifier)] @callee
  body: (field_initializer_list) @arguments) @call.new
