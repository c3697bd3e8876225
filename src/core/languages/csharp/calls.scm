; Calls by name or member access: `Foo()`, `a.b.Foo()`, `Foo<T>()`, `a?.Foo()`.
(invocation_expression
  function: [(identifier) (member_access_expression) (generic_name) (conditional_access_expression)] @callee
  arguments: (argument_list) @arguments) @call
(object_creation_expression
  type: (_) @callee
  arguments: (argument_list) @arguments) @call.new
