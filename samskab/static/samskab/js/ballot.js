// The ballot's running total (money spent, points used, proposals chosen) and, for a ranking,
// buttons that move a row up or down. Progressive: without it the ballot works the same, and
// the server checks every rule when the ballot is submitted.
(function () {
  "use strict";

  function kroner(amount) {
    return amount.toLocaleString("da-DK") + " kr";
  }

  function text(ballot, key) {
    return ballot.dataset[key] || "";
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, name) {
      return values[name];
    });
  }

  function rows(ballot) {
    return Array.prototype.slice.call(ballot.querySelectorAll(".ballot-row"));
  }

  function update(ballot) {
    var form = ballot.dataset.ballotForm;
    var total = ballot.querySelector(".ballot-total");
    var over = false;
    var message = "";
    if (form === "approval" || form === "knapsack") {
      var chosen = rows(ballot).filter(function (row) {
        return row.querySelector("input[type=checkbox]").checked;
      });
      var spent = chosen.reduce(function (sum, row) {
        return sum + Number(row.dataset.cost);
      }, 0);
      if (form === "knapsack") {
        var pot = Number(ballot.dataset.pot);
        over = spent > pot;
        message = fill(text(ballot, over ? "overPot" : "spent"), {
          spent: kroner(spent), pot: kroner(pot), left: kroner(Math.abs(pot - spent))
        });
      } else {
        var most = ballot.dataset.maxChoices;
        over = most !== "" && chosen.length > Number(most);
        message = fill(text(ballot, most === "" ? "chosen" : "chosenOf"), {
          count: chosen.length, most: most
        });
      }
    } else if (form === "cumulative") {
      var points = Number(ballot.dataset.points);
      var used = rows(ballot).reduce(function (sum, row) {
        var value = parseInt(row.querySelector("input").value, 10);
        return sum + (isNaN(value) || value < 0 ? 0 : value);
      }, 0);
      over = used > points;
      message = fill(text(ballot, "pointsUsed"), { used: used, points: points });
    } else {
      var ranked = rows(ballot).filter(function (row) {
        return row.querySelector("select").value !== "";
      }).length;
      message = fill(text(ballot, "ranked"), { count: ranked });
    }
    total.textContent = message;
    total.classList.toggle("ballot-total-over", over);
    total.hidden = false;
  }

  // Ranking: the rows stand in the order of their places, unranked ones last; "Flyt op"
  // swaps places with the row above (giving the row a place first if it had none).
  function sortRanking(ballot) {
    var list = ballot.querySelector(".ballot-rows");
    rows(ballot)
      .map(function (row, index) {
        var value = parseInt(row.querySelector("select").value, 10);
        return { row: row, key: isNaN(value) ? 1e9 + index : value };
      })
      .sort(function (a, b) { return a.key - b.key; })
      .forEach(function (item) { list.appendChild(item.row); });
  }

  function ranked(ballot) {
    return rows(ballot).filter(function (row) {
      return row.querySelector("select").value !== "";
    });
  }

  function move(ballot, row, direction) {
    var select = row.querySelector("select");
    var order = ranked(ballot);
    if (select.value === "") {
      if (order.length + 1 >= select.options.length) { return; }
      select.value = String(order.length + 1);
      order.push(row);
    }
    var index = order.indexOf(row);
    var other = order[direction === "up" ? index - 1 : index + 1];
    if (!other) { return; }
    var otherSelect = other.querySelector("select");
    var mine = select.value;
    select.value = otherSelect.value;
    otherSelect.value = mine;
    sortRanking(ballot);
    row.querySelector("[data-move=" + direction + "]").focus();
  }

  function start(ballot) {
    ballot.addEventListener("change", function () { update(ballot); });
    ballot.addEventListener("input", function () { update(ballot); });
    if (ballot.dataset.ballotForm === "ranking") {
      ballot.querySelectorAll(".ballot-move").forEach(function (buttons) {
        buttons.hidden = false;
      });
      ballot.addEventListener("click", function (event) {
        var button = event.target.closest("[data-move]");
        if (!button) { return; }
        move(ballot, button.closest(".ballot-row"), button.dataset.move);
        update(ballot);
      });
      sortRanking(ballot);
    }
    update(ballot);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".ballot[data-ballot-form]").forEach(start);
  });
})();
