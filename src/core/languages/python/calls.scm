(call
  function: [(identifier) (attribute)] @callee
  arguments: (argument_list) @arguments) @call
