(function_call_expression
  function: [(name) (qualified_name) (variable_name)] @callee
  arguments: (arguments) @arguments) @call
; `$a->b->m()`, `$a?->m()`, `Foo::m()`: the grammar has no node for `$a->m`, so receiver and name are joined.
(member_call_expression
  object: (_) @receiver
  name: (name) @callee
  arguments: (arguments) @arguments) @call
(nullsafe_member_call_expression
  object: (_) @receiver
  name: (name) @callee
  arguments: (arguments) @arguments) @call
(scoped_call_expression
  scope: (_) @receiver
  name: (name) @callee
  arguments: (arguments) @arguments) @call
(object_creation_expression
  [(name) (qualified_name)] @callee
  (arguments)? @arguments) @call.new
